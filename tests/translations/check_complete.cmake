# Every message the sources mark for translation (extracted afresh, as po/extract_messages.cmake
# does for po/rdpmedic.pot) has a translation in PO_FILE that is neither missing, empty nor fuzzy.
execute_process(COMMAND "${CMAKE_COMMAND}" -DXGETTEXT=${XGETTEXT} -DSOURCE_DIR=${SOURCE_DIR} -DPOT=${POT}
                        -DVERSION=0 -P "${SOURCE_DIR}/po/extract_messages.cmake"
                RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "the messages could not be extracted")
endif()
execute_process(COMMAND "${MSGCMP}" "${PO_FILE}" "${POT}" RESULT_VARIABLE result ERROR_VARIABLE errors)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${PO_FILE} lacks translations of messages the sources use "
                      "(cmake --build … --target rdpmedic-pot merges them in):\n${errors}")
endif()
