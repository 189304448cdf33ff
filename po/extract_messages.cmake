# Writes po/rdpmedic.pot from the sources of what users see: the tray and the CLI. Run by
# the rdpmedic-pot target (po/CMakeLists.txt), and by the test that the catalogue is current.
# _ and wxPLURAL: wxWidgets in the tray; tr, tr_plural and N_: rdpmedic/i18n/translate.h.
file(GLOB_RECURSE sources RELATIVE "${SOURCE_DIR}" "${SOURCE_DIR}/host/tray/*.cpp" "${SOURCE_DIR}/host/cli/*.cpp"
     "${SOURCE_DIR}/host/tray/*.h" "${SOURCE_DIR}/host/cli/*.h")
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
