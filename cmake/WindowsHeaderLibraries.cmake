# The Windows build takes spdlog, fmt and Catch2 as headers from Debian (scripts/windows-deps.sh
# links them into the toolchain's search root). Debian's CMake packages for spdlog and Catch2
# point at Linux libraries or at /usr/include itself, so their targets are declared here;
# nlohmann-json's own package is header-only and is found as on Linux.
find_path(RDPMEDIC_HEADER_LIBRARIES_DIR spdlog/spdlog.h REQUIRED)

# Debian's spdlog uses the external fmt (its tweakme.h); both compile in from their headers.
add_library(spdlog::spdlog INTERFACE IMPORTED)
target_include_directories(spdlog::spdlog SYSTEM INTERFACE "${RDPMEDIC_HEADER_LIBRARIES_DIR}")
# Log file names as UTF-16 (_wfsopen): spdlog's narrow names go to the ANSI code page, which
# cannot name a log folder under C:\Users\Jürgen on every system.
target_compile_definitions(spdlog::spdlog INTERFACE FMT_HEADER_ONLY SPDLOG_WCHAR_FILENAMES)

add_library(Catch2::Catch2 INTERFACE IMPORTED)
target_include_directories(Catch2::Catch2 SYSTEM INTERFACE "${RDPMEDIC_HEADER_LIBRARIES_DIR}")
# Catch.cmake (catch_discover_tests) is plain CMake, the same for every target system.
list(APPEND CMAKE_MODULE_PATH /usr/lib/cmake/Catch2)
