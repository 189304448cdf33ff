# Cross build for 64-bit Windows with Debian's MinGW-w64 (g++-mingw-w64-x86-64-posix: the
# posix thread model, which std::thread needs). Libraries Debian does not ship for MinGW come
# from scripts/windows-deps.sh's cache; tests run under Debian's wine.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(RDPMEDIC_MINGW x86_64-w64-mingw32)

set(CMAKE_C_COMPILER ${RDPMEDIC_MINGW}-gcc-posix)
set(CMAKE_CXX_COMPILER ${RDPMEDIC_MINGW}-g++-posix)
set(CMAKE_RC_COMPILER ${RDPMEDIC_MINGW}-windres)

if(DEFINED ENV{RDPMEDIC_WINDOWS_DEPS})
  set(RDPMEDIC_WINDOWS_DEPS "$ENV{RDPMEDIC_WINDOWS_DEPS}" CACHE PATH "scripts/windows-deps.sh's cache")
elseif(DEFINED ENV{XDG_CACHE_HOME})
  set(RDPMEDIC_WINDOWS_DEPS "$ENV{XDG_CACHE_HOME}/rdpmedic/windows-deps" CACHE PATH "scripts/windows-deps.sh's cache")
else()
  set(RDPMEDIC_WINDOWS_DEPS "$ENV{HOME}/.cache/rdpmedic/windows-deps" CACHE PATH "scripts/windows-deps.sh's cache")
endif()
set(deps "${RDPMEDIC_WINDOWS_DEPS}/current")
if(NOT EXISTS "${deps}/openssl" OR NOT EXISTS "${deps}/headers" OR NOT EXISTS "${deps}/pugixml")
  message(FATAL_ERROR "The Windows libraries are missing from ${deps}: run scripts/windows-deps.sh first")
endif()

# The real folders, not the `current` links: wx-config reports real paths, and CMake leaves a
# path alone only when it already lies under one of these roots.
set(CMAKE_FIND_ROOT_PATH /usr/${RDPMEDIC_MINGW})
foreach(library openssl wx zlib libpng pugixml headers)
  if(EXISTS "${deps}/${library}")
    file(REAL_PATH "${deps}/${library}" root)
    list(APPEND CMAKE_FIND_ROOT_PATH "${root}")
  endif()
endforeach()
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

set(OPENSSL_ROOT_DIR "${deps}/openssl")
set(OPENSSL_USE_STATIC_LIBS TRUE)
set(wxWidgets_CONFIG_EXECUTABLE "${deps}/wx/bin/wx-config")

# Executables are static, so the test run and the installer need no MinGW runtime DLLs.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-static")
# Plugins too (MODULE libraries): the worker loads them with LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR |
# LOAD_LIBRARY_SEARCH_SYSTEM32, where no libstdc++-6.dll is to be found.
set(CMAKE_MODULE_LINKER_FLAGS_INIT "-static")

# ctest, Catch's test discovery and build-time steps run the Windows executables through
# wine, in a prefix of this build tree's own.
set(CMAKE_CROSSCOMPILING_EMULATOR "${CMAKE_CURRENT_LIST_DIR}/../../scripts/wine-run.sh;${CMAKE_BINARY_DIR}/wine-prefix")
