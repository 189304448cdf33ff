# Windows: every program and DLL the packages ship is Authenticode-signed right after its link
# (scripts/authenticode-sign.sh, Debian's osslsigncode), so the stage, both installers and the
# tests all see signed files; the installers themselves are signed by their packaging scripts.
# Unsigned, Windows names no publisher at the UAC prompt, SmartScreen warns, and Smart App
# Control or the "only elevate signed executables" policy refuse the programs.
#
# Who signs: a release names the publisher's certificate here (or in environment variables of
# the same names, which win); the key's password only ever comes from the environment
# (RDPMEDIC_AUTHENTICODE_PASSWORD). With neither, the build makes a development certificate of
# its own in <build>/authenticode (scripts/authenticode-dev-cert.sh), trusted by nothing but
# the tests.
if(NOT WIN32)
  function(rdpmedic_authenticode_sign target)
  endfunction()
  return()
endif()

set(RDPMEDIC_AUTHENTICODE_PFX "" CACHE FILEPATH
    "PKCS#12 file with the publisher's code-signing certificate and key (empty: the development certificate)")
set(RDPMEDIC_AUTHENTICODE_CERT "" CACHE FILEPATH
    "The publisher's code-signing certificate chain, with RDPMEDIC_AUTHENTICODE_KEY (instead of a PFX)")
set(RDPMEDIC_AUTHENTICODE_KEY "" CACHE FILEPATH "The private key of RDPMEDIC_AUTHENTICODE_CERT")
set(RDPMEDIC_AUTHENTICODE_TIMESTAMP_URL "" CACHE STRING
    "RFC 3161 timestamp server for release signatures (empty: no timestamp, nothing fetched)")

find_program(RDPMEDIC_OSSLSIGNCODE osslsigncode)
if(NOT RDPMEDIC_OSSLSIGNCODE)
  message(FATAL_ERROR "The Windows build signs its programs with osslsigncode: apt-get install osslsigncode")
endif()

set(RDPMEDIC_AUTHENTICODE_SIGN_COMMAND bash "${PROJECT_SOURCE_DIR}/scripts/authenticode-sign.sh" "${CMAKE_BINARY_DIR}")
set(dev_certificate_dir "${CMAKE_BINARY_DIR}/authenticode")
add_custom_command(OUTPUT "${dev_certificate_dir}/signer.pem"
  COMMAND bash "${PROJECT_SOURCE_DIR}/scripts/authenticode-dev-cert.sh" "${dev_certificate_dir}"
  DEPENDS "${PROJECT_SOURCE_DIR}/scripts/authenticode-dev-cert.sh"
  COMMENT "Making the build's development code-signing certificate"
  VERBATIM)
# Made once per build tree (a third of a second) whoever signs: simpler than a condition.
add_custom_target(rdpmedic-authenticode-certificate DEPENDS "${dev_certificate_dir}/signer.pem")

# Signs TARGET's file after every link (called where the target is defined: CMake attaches
# POST_BUILD commands only there).
function(rdpmedic_authenticode_sign target)
  add_dependencies(${target} rdpmedic-authenticode-certificate)
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${RDPMEDIC_AUTHENTICODE_SIGN_COMMAND} "$<TARGET_FILE:${target}>"
    VERBATIM)
endfunction()
