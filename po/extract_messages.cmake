# Writes po/rdpmedic.pot from the sources of what users see: the tray and the CLI, and the
# English texts they show from the core and the probe (code meanings, diagnosis advice, the
# probe's findings, the formats of sentences built from values), marked N_ there. Run by
# the rdpmedic-pot target (po/CMakeLists.txt), and by the test that the catalogue is current.
# _ and wxPLURAL: wxWidgets in the tray; tr, tr_plural and N_: rdpmedic/i18n/translate.h.
file(GLOB_RECURSE sources RELATIVE "${SOURCE_DIR}" "${SOURCE_DIR}/host/tray/*.cpp" "${SOURCE_DIR}/host/cli/*.cpp"
     "${SOURCE_DIR}/host/tray/*.h" "${SOURCE_DIR}/host/cli/*.h" "${SOURCE_DIR}/host/probe/src/*.cpp"
     "${SOURCE_DIR}/host/probe/src/*.h")
list(APPEND sources host/core/src/decode.cpp host/core/src/diagnosis.cpp host/core/src/freerdp_output.cpp
     host/core/src/supervisor.cpp
     host/core/include/rdpmedic/core/composed_texts.h)
list(SORT sources)
execute_process(
  COMMAND "${XGETTEXT}" --language=C++ --from-code=UTF-8 --add-comments=TRANSLATORS: --sort-by-file
          --keyword=_ --keyword=wxPLURAL:1,2 --keyword=wxTRANSLATE --keyword=tr --keyword=tr_plural:1,2 --keyword=N_
          --package-name=rdpmedic --package-version=${VERSION} --msgid-bugs-address=rdpmedic@localhost
          --output=${POT} ${sources}
  WORKING_DIRECTORY "${SOURCE_DIR}"
  RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "xgettext failed")
endif()
