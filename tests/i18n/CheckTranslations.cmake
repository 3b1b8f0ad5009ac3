# Every catalog complete and current, every user-visible string marked: run as
#   cmake -DSOURCE_DIR=<repo> -DWORK_DIR=<dir> -DXGETTEXT=... -DMSGFMT=... -DMSGCMP=... -P CheckTranslations.cmake
# 1. each .po (shell, core, each bundled checklist; every language) is 100% translated with nothing fuzzy;
# 2. each .po holds a translation of every message the sources mark today (the messages are extracted afresh with
#    the keywords the build uses and compared with msgcmp), so a new string without translations fails here;
# 3. no user-visible literal in app/, core/ or the bundled checklists is left unmarked (the calls that put text on a
#    screen or into a refusal, given a bare string literal).
foreach(var SOURCE_DIR WORK_DIR XGETTEXT MSGFMT MSGCMP)
  if(NOT ${var})
    message(FATAL_ERROR "${var} is not set")
  endif()
endforeach()
set(problems "")
file(MAKE_DIRECTORY ${WORK_DIR})

# --- 1 and 2 -------------------------------------------------------------------------------------------------------
file(GLOB shell_sources ${SOURCE_DIR}/app/src/*.cpp)
file(GLOB core_sources ${SOURCE_DIR}/core/src/*.cpp)
execute_process(COMMAND ${XGETTEXT} --from-code=UTF-8 --keyword=_ --keyword=wxPLURAL:1,2 --keyword=wxGETTEXT_IN_CONTEXT:1c,2 --c++ -o ${WORK_DIR}/portside.pot
                        ${shell_sources} RESULT_VARIABLE rc)
execute_process(COMMAND ${XGETTEXT} --from-code=UTF-8 --keyword=tr_:1 --keyword=TR_NOOP --flag=tr_:1:c-format --c++
                        -o ${WORK_DIR}/portside-core.pot ${core_sources} RESULT_VARIABLE rc2)
if(rc OR rc2)
  message(FATAL_ERROR "xgettext failed")
endif()
set(domains "portside|${SOURCE_DIR}/locale" "portside-core|${SOURCE_DIR}/locale/core")
foreach(id port-access port-deaccess dressing-change flush-lock blood-sampling)
  file(GLOB sources ${SOURCE_DIR}/plugins/checklists/${id}/*.cpp)
  execute_process(COMMAND ${XGETTEXT} --from-code=UTF-8 --keyword=N_ --c++ -o ${WORK_DIR}/portside-${id}.pot ${sources}
                          ${SOURCE_DIR}/plugins/checklists/common/StepBuilders.h RESULT_VARIABLE rc)
  if(rc)
    message(FATAL_ERROR "xgettext failed for ${id}")
  endif()
  list(APPEND domains "portside-${id}|${SOURCE_DIR}/plugins/checklists/${id}/po")
endforeach()
set(catalogs 0)
foreach(entry ${domains})
  string(REPLACE "|" ";" parts "${entry}")
  list(GET parts 0 domain)
  list(GET parts 1 dir)
  foreach(lang es fr de)
    set(po ${dir}/${lang}.po)
    if(NOT EXISTS ${po})
      string(APPEND problems "\n  ${domain}: no ${lang} catalog (${po})")
      continue()
    endif()
    math(EXPR catalogs "${catalogs} + 1")
    execute_process(COMMAND ${MSGFMT} --check --statistics -o /dev/null ${po} RESULT_VARIABLE rc OUTPUT_VARIABLE out
                    ERROR_VARIABLE err)
    if(rc OR err MATCHES "untranslated|fuzzy")
      string(STRIP "${err}" err)
      string(APPEND problems "\n  ${po}: ${err}")
    endif()
    execute_process(COMMAND ${MSGCMP} ${po} ${WORK_DIR}/${domain}.pot RESULT_VARIABLE rc OUTPUT_VARIABLE out
                    ERROR_VARIABLE err)
    if(rc)
      string(REGEX REPLACE "\n+$" "" err "${err}")
      string(APPEND problems "\n  ${po} lacks messages the sources mark (run the -pot targets, msgmerge):\n${err}")
    endif()
  endforeach()
endforeach()

# --- 3 -------------------------------------------------------------------------------------------------------------
# A bare literal with words in a call that shows text or refuses something.
set(patterns
  "app|(SetLabel|SetStatusText|notice|showError|tell|wxMessageBox|SetToolTip|SetTitle)\\(\"[^\"]*[A-Za-z][A-Za-z]"
  "app|(text|bigButton|bigToggle)\\([^,()]+, \"[^\"]*[A-Za-z][A-Za-z]"
  "app|wxString::Format\\(\"[^\"%]*[A-Za-z]+ [A-Za-z]"
  "core|(Problem|StepRejected|OverrideNeeded)\\(\"[A-Za-z]"
  "core|Text::verbatim\\(\"[A-Za-z]"
  "plugins|return \\{\"[A-Za-z]"
  "plugins|(title|instruction|label|detail) = \"[A-Z][a-z]+ [a-z]")
set(allowed "\"Portside\"")
file(GLOB app_files ${SOURCE_DIR}/app/src/*.cpp)
file(GLOB core_files ${SOURCE_DIR}/core/src/*.cpp)
file(GLOB_RECURSE plugin_files ${SOURCE_DIR}/plugins/checklists/*.cpp ${SOURCE_DIR}/plugins/checklists/*.h)
set(scanned 0)
foreach(area app core plugins)
  foreach(source ${${area}_files})
    math(EXPR scanned "${scanned} + 1")
    file(STRINGS "${source}" lines)
    set(n 0)
    foreach(line IN LISTS lines)
      math(EXPR n "${n} + 1")
      if(line MATCHES "^[ \t]*//")
        continue()
      endif()
      foreach(entry ${patterns})
        string(REPLACE "|" ";" parts "${entry}")
        list(GET parts 0 where)
        list(SUBLIST parts 1 -1 rest)
        list(JOIN rest "|" regex)
        if(where STREQUAL area AND line MATCHES "${regex}" AND NOT line MATCHES "${allowed}")
          string(APPEND problems "\n  ${source}:${n}: a user-visible string not marked for translation: ${line}")
        endif()
      endforeach()
    endforeach()
  endforeach()
endforeach()

if(problems)
  message(FATAL_ERROR "Translations are not complete:${problems}")
endif()
message(STATUS "${catalogs} catalogs complete and current; ${scanned} source files without an unmarked string")
