#!/usr/bin/env bash
# Builds the Windows (x86_64-w64-mingw32) libraries that Debian does not ship for MinGW —
# OpenSSL, pugixml and a static wxWidgets for MSW with the zlib and libpng it needs — from
# Debian's own source packages, into a cache outside the repository. Each library lands in a
# folder named after its Debian source version, so a later run with the same versions reuses
# it and a new Debian version builds beside the old one. Header-only parts (Boost.DLL, spdlog, fmt,
# nlohmann-json, Catch2) come from Debian's headers through a small include folder of links.
#
# Prints nothing but progress; the result is CACHE/current/{openssl,wx,zlib,libpng,pugixml,headers},
# which cmake/toolchains/mingw-w64-x86_64.cmake reads.
#   RDPMEDIC_WINDOWS_DEPS  the cache folder (default: ~/.cache/rdpmedic/windows-deps)
set -euo pipefail
cache="${RDPMEDIC_WINDOWS_DEPS:-${XDG_CACHE_HOME:-$HOME/.cache}/rdpmedic/windows-deps}"
host=x86_64-w64-mingw32
jobs="$(nproc)"
mkdir -p "$cache/current" "$cache/sources"

need_packages=()
for package in g++-mingw-w64-x86-64-posix dpkg-dev make perl cmake; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' \
    || need_packages+=("$package")
done
if [ "${#need_packages[@]}" -gt 0 ]; then
  echo "windows-deps: installing ${need_packages[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_packages[@]}" >/dev/null
fi

# apt-get source needs deb-src entries; Debian's images ship only deb ones. The security
# suite is left out: its mirror does not always carry the matching source files.
sources_list=/etc/apt/sources.list.d/rdpmedic-deb-src.sources
if ! apt-cache showsrc zlib >/dev/null 2>&1 || ! apt-cache showsrc zlib 2>/dev/null | grep -q '^Package:'; then
  echo "windows-deps: adding Debian source entries ($sources_list)"
  cat > "$sources_list" <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  apt-get update -qq
fi

# The newest source version apt knows of, e.g. "3.0.20-1~deb12u2" (apt needs the epoch,
# "1:1.2.13.dfsg-1"; folder names drop it, since make cannot take a colon in a path).
source_version() {
  apt-cache showsrc "$1" | awk '/^Version:/ {print $2}' | sort -V | tail -n 1
}

# Unpacks (with Debian's patches) the source package $1 at version $2; prints its folder.
unpack_source() {
  local package="$1" version="$2" work="$cache/sources/$1-${2#*:}"
  if [ ! -f "$work/.unpacked" ]; then
    rm -rf "$work" && mkdir -p "$work"
    # Its progress goes to the log (stderr): stdout is the folder this function prints.
    (cd "$work" && apt-get source -qq "$package=$version" >&2) || {
      echo "windows-deps: apt-get source $package=$version failed; check the deb-src entries in $sources_list" >&2
      exit 1
    }
    touch "$work/.unpacked"
  fi
  find "$work" -mindepth 1 -maxdepth 1 -type d | head -n 1
}

# Runs "$3..." to build package $1 into the prefix PREFIX_DIR unless its stamp exists.
# The prefix name holds the version (and, for wx, its dependencies' versions).
built() { [ -f "$1/.built" ]; }
link_current() { ln -sfn "$1" "$cache/current/$2"; }
# Runs a build step with its output in CACHE/logs/NAME.log, shown (its end) only on failure.
# (Inside `if !` bash ignores set -e, so every step returns its failure itself.)
timed() {
  local name="$1"; shift
  local start=$SECONDS log="$cache/logs/${name%% *}.log"
  mkdir -p "$cache/logs"
  if ! "$@" >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "windows-deps: building $name failed; the whole log is $log" >&2
    exit 1
  fi
  echo "windows-deps: $name built in $((SECONDS - start)) s"
}

build_zlib() {
  local src; src="$(unpack_source zlib "$zlib_version")" || return 1
  # Debian's tarball has no win32/ makefiles; zlib's own configure cross-builds the static library.
  (cd "$src" && CC="$host-gcc" AR="$host-ar" RANLIB="$host-ranlib" CFLAGS="-O2" \
    ./configure --static --prefix="$1" && make -s -j"$jobs" libz.a &&
    mkdir -p "$1/lib" "$1/include" && cp libz.a "$1/lib/" && cp zlib.h zconf.h "$1/include/" &&
    make -s distclean) || return 1
  touch "$1/.built"
}

build_libpng() {
  local src; src="$(unpack_source libpng1.6 "$png_version")" || return 1
  rm -rf "$src/build-mingw" && mkdir -p "$src/build-mingw"
  (cd "$src/build-mingw" &&
    ../configure -q --host="$host" --prefix="$1" --disable-shared --enable-static \
      CPPFLAGS="-I$zlib_prefix/include" LDFLAGS="-L$zlib_prefix/lib" &&
    make -s -j"$jobs" && make -s install) || return 1
  touch "$1/.built"
}

build_openssl() {
  local src; src="$(unpack_source openssl "$openssl_version")" || return 1
  rm -rf "$src/build-mingw" && mkdir -p "$src/build-mingw"
  (cd "$src/build-mingw" &&
    ../Configure mingw64 --cross-compile-prefix="$host-" --prefix="$1" --libdir=lib \
      no-shared no-tests no-module &&
    make -s -j"$jobs" build_libs && make -s install_dev) || return 1
  touch "$1/.built"
}

# pugixml, static, with its own CMake package (pugixml::static), as Debian's libpugixml-dev
# has it for Linux: the event-log XML reader uses it.
build_pugixml() {
  local src; src="$(unpack_source pugixml "$pugixml_version")" || return 1
  rm -rf "$src/build-mingw"
  cmake -S "$src" -B "$src/build-mingw" -DCMAKE_SYSTEM_NAME=Windows \
      -DCMAKE_CXX_COMPILER="$host-g++-posix" -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_INSTALL_PREFIX="$1" -DBUILD_SHARED_LIBS=OFF -DPUGIXML_BUILD_TESTS=OFF &&
    cmake --build "$src/build-mingw" -j "$jobs" && cmake --install "$src/build-mingw" || return 1
  touch "$1/.built"
}

# A static wxMSW with what the tray uses (base, core, net; SVG through nanosvg); the rest
# of wxWidgets is switched off, which halves the build time.
build_wx() {
  local src; src="$(unpack_source wxwidgets3.2 "$wx_version")" || return 1
  rm -rf "$src/build-mingw" && mkdir -p "$src/build-mingw"
  (cd "$src/build-mingw" &&
    ../configure -q --host="$host" --build="$(gcc -dumpmachine)" --prefix="$1" \
      --with-msw --disable-shared --enable-unicode --disable-debug_info \
      --with-zlib=sys --with-libpng=sys --without-libjpeg --without-libtiff --without-libxpm \
      --without-expat --without-regex --without-liblzma --without-opengl \
      --disable-xrc --disable-html --disable-webview --disable-stc \
      --disable-richtext --disable-propgrid --disable-ribbon --disable-aui --disable-mediactrl \
      --disable-sound --disable-help --disable-mshtmlhelp --disable-htmlhelp \
      --disable-grid --disable-postscript --disable-printarch \
      --disable-svg --disable-webrequest --disable-tests \
      CPPFLAGS="-I$zlib_prefix/include -I$png_prefix/include" \
      LDFLAGS="-L$zlib_prefix/lib -L$png_prefix/lib" CXXFLAGS="-O2" CFLAGS="-O2" &&
    make -s -j"$jobs" && make -s install) || return 1
  touch "$1/.built"
}

# Debian's header-only libraries, and only those: linking /usr/include itself would put
# glibc's headers in front of MinGW's.
headers="$cache/headers/include"
mkdir -p "$headers"
for dir in boost spdlog fmt nlohmann catch2; do
  ln -sfn "/usr/include/$dir" "$headers/$dir"
done
# nlohmann-json's CMake package is header-only and finds its headers relative to itself.
mkdir -p "$cache/headers/share/cmake"
ln -sfn /usr/share/cmake/nlohmann_json "$cache/headers/share/cmake/nlohmann_json"
link_current "$cache/headers" headers

zlib_version="$(source_version zlib)"
png_version="$(source_version libpng1.6)"
openssl_version="$(source_version openssl)"
wx_version="$(source_version wxwidgets3.2)"
pugixml_version="$(source_version pugixml)"
for name in zlib_version png_version openssl_version wx_version pugixml_version; do
  [ -n "${!name}" ] || { echo "windows-deps: apt knows no source version for ${name%_version}" >&2; exit 1; }
done

zlib_key="zlib-${zlib_version#*:}"
png_key="libpng-${png_version#*:}"
zlib_prefix="$cache/$zlib_key"
png_prefix="$cache/$png_key+$zlib_key"
openssl_prefix="$cache/openssl-${openssl_version#*:}"
wx_prefix="$cache/wxmsw-${wx_version#*:}+$png_key+$zlib_key"
pugixml_prefix="$cache/pugixml-${pugixml_version#*:}"

built "$zlib_prefix" || timed "zlib $zlib_version" build_zlib "$zlib_prefix"
link_current "$zlib_prefix" zlib
built "$png_prefix" || timed "libpng $png_version" build_libpng "$png_prefix"
link_current "$png_prefix" libpng
built "$openssl_prefix" || timed "OpenSSL $openssl_version" build_openssl "$openssl_prefix"
link_current "$openssl_prefix" openssl
built "$wx_prefix" || timed "wxWidgets (MSW) $wx_version" build_wx "$wx_prefix"
link_current "$wx_prefix" wx
built "$pugixml_prefix" || timed "pugixml $pugixml_version" build_pugixml "$pugixml_prefix"
link_current "$pugixml_prefix" pugixml

echo "windows-deps: ready in $cache/current"
