# The build's own rule for a catalogue (po/CMakeLists.txt: msgfmt --check) on PO_FILE, which
# must be refused (EXPECT=refused, with the reason msgfmt gives) or accepted (EXPECT=accepted).
execute_process(COMMAND "${MSGFMT}" --check -o "${OUTPUT}" "${PO_FILE}"
                RESULT_VARIABLE result ERROR_VARIABLE errors OUTPUT_QUIET)
if(EXPECT STREQUAL "refused")
  if(result EQUAL 0)
    message(FATAL_ERROR "msgfmt --check accepted ${PO_FILE}, whose format strings do not match")
  endif()
  if(NOT errors MATCHES "format specification")
    message(FATAL_ERROR "msgfmt --check refused ${PO_FILE} for another reason than its format strings:\n${errors}")
  endif()
  message(STATUS "refused as it must be:\n${errors}")
elseif(NOT result EQUAL 0)
  message(FATAL_ERROR "msgfmt --check refused ${PO_FILE}:\n${errors}")
endif()
