# cmake -DSVG=in.svg -DICO=out.ico -DSIZES="16;24;32;48;64;256" -DRSVG=rsvg-convert
#       -DCONVERT=convert -DIDENTIFY=identify -P render_ico.cmake
# Renders the SVG once per size (sharp at each, not scaled from one bitmap), packs the
# bitmaps into a Windows .ico and checks that every size is in it.
foreach(var SVG ICO SIZES RSVG CONVERT IDENTIFY)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "render_ico.cmake: ${var} is not set")
  endif()
endforeach()

get_filename_component(out_dir "${ICO}" DIRECTORY)
set(png_dir "${out_dir}/ico-sizes")
file(MAKE_DIRECTORY "${png_dir}")
set(pngs "")
foreach(size IN LISTS SIZES)
  set(png "${png_dir}/${size}.png")
  execute_process(COMMAND "${RSVG}" --width ${size} --height ${size} --keep-aspect-ratio
                          --output "${png}" "${SVG}"
                  RESULT_VARIABLE failed ERROR_VARIABLE why)
  if(failed)
    message(FATAL_ERROR "rsvg-convert could not render ${SVG} at ${size}px: ${why}")
  endif()
  list(APPEND pngs "${png}")
endforeach()

execute_process(COMMAND "${CONVERT}" ${pngs} "${ICO}.tmp.ico" RESULT_VARIABLE failed ERROR_VARIABLE why)
if(failed)
  message(FATAL_ERROR "convert could not pack ${ICO}: ${why}")
endif()
execute_process(COMMAND "${IDENTIFY}" -format "%w " "${ICO}.tmp.ico"
                OUTPUT_VARIABLE widths RESULT_VARIABLE failed ERROR_VARIABLE why)
string(STRIP "${widths}" widths)
string(REPLACE " " ";" widths "${widths}")
if(failed OR NOT widths STREQUAL SIZES)
  message(FATAL_ERROR "${ICO} holds the sizes '${widths}', not '${SIZES}' ${why}")
endif()
file(RENAME "${ICO}.tmp.ico" "${ICO}")
