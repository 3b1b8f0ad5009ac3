# portside_add_catalogs(<target> DOMAIN <domain> PO_FILES <lang.po>...)
#
# Compiles gettext catalogs with msgfmt into the build tree's share/locale/<lang>/LC_MESSAGES/<domain>.mo (the
# layout wxTranslations searches) and installs them the same way.
find_program(MSGFMT_EXECUTABLE msgfmt REQUIRED)
function(portside_add_catalogs target)
  cmake_parse_arguments(C "" "DOMAIN" "PO_FILES" ${ARGN})
  set(outputs)
  foreach(po ${C_PO_FILES})
    get_filename_component(lang ${po} NAME_WE)
    get_filename_component(po_abs ${po} ABSOLUTE)
    set(mo ${PORTSIDE_LOCALE_OUTPUT_DIR}/${lang}/LC_MESSAGES/${C_DOMAIN}.mo)
    add_custom_command(OUTPUT ${mo}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${PORTSIDE_LOCALE_OUTPUT_DIR}/${lang}/LC_MESSAGES
      COMMAND ${MSGFMT_EXECUTABLE} --check -o ${mo} ${po_abs}
      DEPENDS ${po_abs}
      COMMENT "Compiling ${C_DOMAIN} catalog for ${lang}")
    install(FILES ${mo} DESTINATION ${CMAKE_INSTALL_LOCALEDIR}/${lang}/LC_MESSAGES)
    list(APPEND outputs ${mo})
  endforeach()
  add_custom_target(${target} ALL DEPENDS ${outputs})
endfunction()
