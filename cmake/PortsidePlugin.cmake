# portside_add_plugin(<target> ID <id> SOURCES <src>... [LIBRARIES <lib>...] [OUTPUT_DIR <dir>] [NO_INSTALL]
#                     [MANIFEST <manifest.json>] [CATALOGS <lang>.po... [DOMAIN <domain>]])
#
# Builds a Portside plugin module: a shared module named exactly <id>.so (no "lib" prefix) that links the SDK,
# keeps its own symbols hidden (two plugins may use the same class names without shadowing each other, even
# though Poco's ClassLoader opens libraries RTLD_GLOBAL), refuses to link with an undefined symbol, and finds its
# dependencies through $ORIGIN.
#
#   MANIFEST  the package manifest, copied beside the module with @VAR@ replaced (@PORTSIDE_SDK_VERSION@,
#             @PROJECT_VERSION@, ...)
#   CATALOGS  gettext catalogs, each <lang>.po compiled to locale/<lang>/LC_MESSAGES/<domain>.mo beside the module
#             (DOMAIN: the checklist's textDomain, <id> unless given)
# With both, the output folder is what `portside-cli plugin pack` takes.
#
# This one file serves the plugins built in the Portside tree and, installed with the SDK, third parties' plugins
# (find_package(PortsideSDK) includes it). Where the two differ, a variable says so:
#   PORTSIDE_PLUGIN_OUTPUT_DIR   default output folder: in the tree build/lib/portside/plugins, where the shell and
#                                the CLI look; unset outside it: the caller's binary folder
#   PORTSIDE_INSTALL_PLUGIN_DIR  where `cmake --install` puts modules: in the tree lib/portside/plugins; unset
#                                outside it (a third-party plugin is packed and signed, not installed by CMake)
#   PORTSIDE_SDK_INSTALLED       set by PortsideSDKConfig.cmake: the module is built with the rpath it ships with,
#                                so the packed file names no folder of the build machine
function(portside_add_plugin target)
  cmake_parse_arguments(P "NO_INSTALL" "ID;OUTPUT_DIR;MANIFEST;DOMAIN" "SOURCES;LIBRARIES;CATALOGS" ${ARGN})
  if(NOT P_ID)
    message(FATAL_ERROR "portside_add_plugin(${target}): ID is required")
  endif()
  if(NOT P_OUTPUT_DIR)
    if(PORTSIDE_PLUGIN_OUTPUT_DIR)
      set(P_OUTPUT_DIR ${PORTSIDE_PLUGIN_OUTPUT_DIR})
    else()
      set(P_OUTPUT_DIR ${CMAKE_CURRENT_BINARY_DIR})
    endif()
  endif()
  if(NOT P_DOMAIN)
    set(P_DOMAIN ${P_ID})
  endif()
  # Installed by the Portside tree, a module sits in lib/portside/plugins beside the private libraries' lib/portside.
  set(P_INSTALL_RPATH "$ORIGIN;$ORIGIN/../..")
  if(PORTSIDE_PLUGIN_INSTALL_RPATH)
    set(P_INSTALL_RPATH "${PORTSIDE_PLUGIN_INSTALL_RPATH}")
  endif()
  add_library(${target} MODULE ${P_SOURCES})
  target_link_libraries(${target} PRIVATE portside::sdk ${P_LIBRARIES})
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    OUTPUT_NAME ${P_ID}
    LIBRARY_OUTPUT_DIRECTORY ${P_OUTPUT_DIR}
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    BUILD_RPATH "$ORIGIN;$ORIGIN/../.."
    INSTALL_RPATH "${P_INSTALL_RPATH}")
  if(PORTSIDE_SDK_INSTALLED)
    set_target_properties(${target} PROPERTIES BUILD_WITH_INSTALL_RPATH ON)
  endif()
  target_link_options(${target} PRIVATE -Wl,--no-undefined)
  if(NOT P_NO_INSTALL AND PORTSIDE_INSTALL_PLUGIN_DIR)
    install(TARGETS ${target} LIBRARY DESTINATION ${PORTSIDE_INSTALL_PLUGIN_DIR})
  endif()

  if(P_MANIFEST)
    configure_file(${P_MANIFEST} ${P_OUTPUT_DIR}/manifest.json @ONLY)
  endif()
  if(P_CATALOGS)
    find_program(PORTSIDE_MSGFMT msgfmt)
    if(NOT PORTSIDE_MSGFMT)
      message(FATAL_ERROR "portside_add_plugin(${target}): CATALOGS need msgfmt (Debian package gettext)")
    endif()
    set(mo_files)
    foreach(po ${P_CATALOGS})
      get_filename_component(lang ${po} NAME_WE)
      get_filename_component(po_abs ${po} ABSOLUTE)
      set(mo ${P_OUTPUT_DIR}/locale/${lang}/LC_MESSAGES/${P_DOMAIN}.mo)
      add_custom_command(OUTPUT ${mo}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${P_OUTPUT_DIR}/locale/${lang}/LC_MESSAGES
        COMMAND ${PORTSIDE_MSGFMT} --check -o ${mo} ${po_abs}
        DEPENDS ${po_abs}
        COMMENT "Compiling the ${P_DOMAIN} catalog for ${lang}")
      list(APPEND mo_files ${mo})
    endforeach()
    add_custom_target(${target}-catalogs DEPENDS ${mo_files})
    add_dependencies(${target} ${target}-catalogs)
  endif()
endfunction()
