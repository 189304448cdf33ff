# rdpmedic_add_plugin(TARGET ID vendor.name VERSION x.y.z SOURCES … [NAME "…"] [DESCRIPTION "…"]
#                     [PLATFORMS linux windows] [NEEDS_ELEVATION] [NEEDS_REBOOT] [SYSTEM_WIDE]
#                     [IRREVERSIBLE] [OUTPUT_DIRECTORY dir])
#
# Builds a plugin folder OUTPUT_DIRECTORY/<ID>/ holding the library and its plugin.json,
# ready to copy into a plugin folder and to sign with `rdpmedic-cli plugins sign`.
# Only the entry symbol is exported.
function(rdpmedic_add_plugin target)
  cmake_parse_arguments(PLUGIN "NEEDS_ELEVATION;NEEDS_REBOOT;SYSTEM_WIDE;IRREVERSIBLE"
    "ID;VERSION;NAME;DESCRIPTION;OUTPUT_DIRECTORY;ABI" "SOURCES;PLATFORMS" ${ARGN})
  if(NOT PLUGIN_ID OR NOT PLUGIN_VERSION OR NOT PLUGIN_SOURCES)
    message(FATAL_ERROR "rdpmedic_add_plugin(${target}): ID, VERSION and SOURCES are required")
  endif()
  if(NOT PLUGIN_NAME)
    set(PLUGIN_NAME "${PLUGIN_ID}")
  endif()
  if(NOT PLUGIN_PLATFORMS)
    set(PLUGIN_PLATFORMS linux windows)
  endif()
  if(NOT PLUGIN_OUTPUT_DIRECTORY)
    set(PLUGIN_OUTPUT_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}/plugins")
  endif()
  if(NOT PLUGIN_ABI)
    # The ABI of the headers the plugin is compiled against.
    get_property(PLUGIN_ABI GLOBAL PROPERTY RDPMEDIC_SDK_ABI_VERSION)
    if(NOT PLUGIN_ABI)
      set(PLUGIN_ABI 1.0.0)
    endif()
  endif()
  set(folder "${PLUGIN_OUTPUT_DIRECTORY}/${PLUGIN_ID}")

  add_library(${target} MODULE ${PLUGIN_SOURCES})
  if(TARGET RdpMedic::Sdk)
    target_link_libraries(${target} PRIVATE RdpMedic::Sdk)
  endif()
  set_target_properties(${target} PROPERTIES
    PREFIX "lib"
    C_VISIBILITY_PRESET hidden CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON
    LIBRARY_OUTPUT_DIRECTORY "${folder}")

  set(platforms_json "")
  foreach(platform IN LISTS PLUGIN_PLATFORMS)
    if(platforms_json)
      string(APPEND platforms_json ", ")
    endif()
    string(APPEND platforms_json "\"${platform}\"")
  endforeach()
  foreach(flag NEEDS_ELEVATION NEEDS_REBOOT)
    if(PLUGIN_${flag})
      set(${flag}_json true)
    else()
      set(${flag}_json false)
    endif()
  endforeach()
  set(scope connection)
  if(PLUGIN_SYSTEM_WIDE)
    set(scope system)
  endif()
  set(reversible true)
  if(PLUGIN_IRREVERSIBLE)
    set(reversible false)
  endif()
  # Written outside the plugin folders (a folder of plugin folders must hold only plugins) and
  # copied in after each link: signing rewrites the copy.
  set(template "${CMAKE_CURRENT_BINARY_DIR}/${PLUGIN_ID}.manifest/plugin.json")
  file(GENERATE OUTPUT "${template}" CONTENT "{
  \"id\": \"${PLUGIN_ID}\",
  \"name\": \"${PLUGIN_NAME}\",
  \"description\": \"${PLUGIN_DESCRIPTION}\",
  \"version\": \"${PLUGIN_VERSION}\",
  \"abi\": \"${PLUGIN_ABI}\",
  \"platforms\": [${platforms_json}],
  \"flags\": {\"needs_elevation\": ${NEEDS_ELEVATION_json}, \"needs_reboot\": ${NEEDS_REBOOT_json}, \"scope\": \"${scope}\", \"reversible\": ${reversible}},
  \"library\": \"$<TARGET_FILE_NAME:${target}>\"
}
")
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${CMAKE_COMMAND} -E copy "${template}" "${folder}/plugin.json"
    COMMAND ${CMAKE_COMMAND} -E rm -f "${folder}/plugin.sig"
    VERBATIM)
  set_property(TARGET ${target} PROPERTY RDPMEDIC_PLUGIN_FOLDER "${folder}")
endfunction()
