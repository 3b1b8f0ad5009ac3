# portside_add_plugin(<target> ID <id> SOURCES <src>... [LIBRARIES <lib>...] [OUTPUT_DIR <dir>] [NO_INSTALL])
#
# Builds a Portside plugin module: a shared module named exactly <id>.so (no "lib" prefix) that links the SDK,
# keeps its own symbols hidden (two plugins may use the same class names without shadowing each other, even
# though Poco's ClassLoader opens libraries RTLD_GLOBAL), finds its dependencies through $ORIGIN, and lands in the
# build tree's plugin folder where the shell and the CLI look for it.
function(portside_add_plugin target)
  cmake_parse_arguments(P "NO_INSTALL" "ID;OUTPUT_DIR" "SOURCES;LIBRARIES" ${ARGN})
  if(NOT P_ID)
    message(FATAL_ERROR "portside_add_plugin(${target}): ID is required")
  endif()
  if(NOT P_OUTPUT_DIR)
    set(P_OUTPUT_DIR ${PORTSIDE_PLUGIN_OUTPUT_DIR})
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
    INSTALL_RPATH "$ORIGIN;$ORIGIN/../..")
  target_link_options(${target} PRIVATE -Wl,--no-undefined)
  if(NOT P_NO_INSTALL)
    install(TARGETS ${target} LIBRARY DESTINATION ${PORTSIDE_INSTALL_PLUGIN_DIR})
  endif()
endfunction()
