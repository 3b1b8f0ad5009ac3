# The kiosk shell decides nothing clinical: app/ reaches the catalog, the safety rules, the scan interpreter and
# verifier, the checklist engine, the run recorder, sign-in and the port-state and lock-order derivations only
# through the bedside session (core::KioskSession). Run as `cmake -DAPP_DIR=<app/src> -P CheckAppBoundary.cmake`;
# it fails naming each file and line that calls one of them directly.
if(NOT APP_DIR)
  message(FATAL_ERROR "APP_DIR is not set")
endif()
set(forbidden
  "ChecklistRun" "SafetyRules" "ScanVerifier" "ScanInterpreter" "RunRecorder" "StaffAuth" "PatientHistory"
  "PortState::compute" "lockOrderProblem" "effectiveLockOrder" "LockPolicy" "demoProducts" "demoScanFor"
  "loadCatalog" "core::Catalog" "Catalog\\.h" "Gs1Parser" "HibcParser" "setScanVerifier")
file(GLOB_RECURSE sources "${APP_DIR}/*.cpp" "${APP_DIR}/*.h")
set(found "")
foreach(source ${sources})
  file(STRINGS "${source}" lines)
  set(n 0)
  foreach(line IN LISTS lines)
    math(EXPR n "${n} + 1")
    foreach(name ${forbidden})
      if(line MATCHES "(^|[^A-Za-z0-9_])${name}([^A-Za-z0-9_]|$)")
        string(APPEND found "\n  ${source}:${n}: ${name}: ${line}")
      endif()
    endforeach()
  endforeach()
endforeach()
list(LENGTH sources count)
if(count EQUAL 0)
  message(FATAL_ERROR "No sources found in ${APP_DIR}")
endif()
if(found)
  message(FATAL_ERROR "app/ calls clinical code directly instead of through core::KioskSession:${found}")
endif()
message(STATUS "app/: ${count} files, no clinical call but through the session")
