# Where `cmake --install` puts things. Linux: the FHS (GNUInstallDirs), helpers in libexec.
# Windows: one folder (C:\Program Files\rdpmedic for the installers) with the programs at
# its top, plugins\ and trusted-keys\ beside them, the SDK in sdk\ and the Group Policy
# templates in policy\ (for an admin to copy into PolicyDefinitions), the translations in
# locale\<lang>\LC_MESSAGES\rdpmedic.mo.
include(GNUInstallDirs)
if(WIN32)
  set(RDPMEDIC_INSTALL_BINDIR .)
  set(RDPMEDIC_INSTALL_HELPERDIR .)
  set(RDPMEDIC_INSTALL_PLUGINDIR plugins)
  set(RDPMEDIC_INSTALL_TRUSTDIR trusted-keys)
  set(RDPMEDIC_INSTALL_SDK_INCLUDEDIR sdk/include)
  set(RDPMEDIC_INSTALL_SDK_CMAKEDIR sdk/lib/cmake/RdpMedicSdk)
  set(RDPMEDIC_INSTALL_POLICYDIR policy)
  set(RDPMEDIC_INSTALL_LOCALEDIR locale)
else()
  set(RDPMEDIC_INSTALL_BINDIR ${CMAKE_INSTALL_BINDIR})
  set(RDPMEDIC_INSTALL_HELPERDIR ${CMAKE_INSTALL_LIBEXECDIR}/rdpmedic)
  set(RDPMEDIC_INSTALL_PLUGINDIR ${CMAKE_INSTALL_LIBDIR}/rdpmedic/plugins)
  set(RDPMEDIC_INSTALL_TRUSTDIR ${CMAKE_INSTALL_DATADIR}/rdpmedic/trusted-keys)
  set(RDPMEDIC_INSTALL_SDK_INCLUDEDIR ${CMAKE_INSTALL_INCLUDEDIR})
  set(RDPMEDIC_INSTALL_SDK_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/RdpMedicSdk)
  set(RDPMEDIC_INSTALL_LOCALEDIR ${CMAKE_INSTALL_LOCALEDIR})
endif()
