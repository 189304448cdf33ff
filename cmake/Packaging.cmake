# `cpack -G DEB` in a build directory makes rdpmedic_VERSION_ARCH.deb. Library dependencies
# (wxWidgets, spdlog, OpenSSL, …) come from dpkg-shlibdeps reading the installed binaries, so
# they follow whatever the build linked; the RDP client is started as a program, which no
# linker sees, so it is named here.
include(GNUInstallDirs)

install(FILES ${PROJECT_SOURCE_DIR}/installer/linux/rdpmedic.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${PROJECT_SOURCE_DIR}/installer/linux/io.github.rdpmedic.rdpmedic.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${PROJECT_SOURCE_DIR}/assets/rdpmedic.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps RENAME rdpmedic.svg)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME rdpmedic)
set(CPACK_PACKAGE_VENDOR "rdpmedic")
set(RDPMEDIC_PACKAGE_MAINTAINER "rdpmedic maintainers <rdpmedic@localhost>" CACHE STRING
    "The .deb's Maintainer field; set it for a package that leaves this machine")
set(CPACK_PACKAGE_CONTACT "${RDPMEDIC_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Remote Desktop helper: explains failed connections, diagnoses and retries")
set(CPACK_PACKAGE_DESCRIPTION "rdpmedic sits in the notification area, launches the RDP client (xfreerdp), \
decodes why a connection failed (mstsc's 0x904 and friends), probes the server layer by layer \
and retries.")
set(CPACK_PACKAGE_INSTALL_DIRECTORY /usr)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# The programs look for the bundled plugins and publisher keys under the prefix they were
# built for, so a .deb (always /usr) is only right from a build configured for /usr, as the
# presets and scripts/package.sh are. cpack refuses any other build rather than make a
# package whose strategies cannot be found.
if(NOT CMAKE_INSTALL_PREFIX STREQUAL CPACK_PACKAGING_INSTALL_PREFIX)
  set(prefix_check "${CMAKE_BINARY_DIR}/CPackPrefixCheck.cmake")
  file(WRITE "${prefix_check}"
       "message(FATAL_ERROR \"this build looks for its plugins under ${CMAKE_INSTALL_PREFIX}, but the .deb installs "
       "into ${CPACK_PACKAGING_INSTALL_PREFIX}: configure it with -DCMAKE_INSTALL_PREFIX=${CPACK_PACKAGING_INSTALL_PREFIX} "
       "(scripts/package.sh does)\")\n")
  set(CPACK_PROJECT_CONFIG_FILE "${prefix_check}")
endif()
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Either FreeRDP generation: rdpmedic finds xfreerdp3 (preferred), sdl-freerdp3 or xfreerdp.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "freerdp3-x11 | freerdp2-x11")
# libsecret-1-0 comes in through SHLIBDEPS; remembered passwords also need a Secret Service
# running in the session, which desktops bring (GNOME Keyring, KWallet) or a password manager.
# rdpmedic's own catalogues are in the package (share/locale/LANG/LC_MESSAGES/rdpmedic.mo);
# wxWidgets' (its stock buttons and dialogs: Cancel, Browse) come with wx3.2-i18n.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "wx3.2-i18n")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "gnome-keyring | keepassxc")
include(CPack)
