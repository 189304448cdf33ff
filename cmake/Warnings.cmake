# One place for the warning flags every target of ours gets; third-party headers are
# included as SYSTEM so their warnings stay theirs.
add_library(rdpmedic_warnings INTERFACE)
if(MSVC)
  target_compile_options(rdpmedic_warnings INTERFACE /W4)
else()
  target_compile_options(rdpmedic_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow
                         -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Wunused
                         -Woverloaded-virtual -Wnull-dereference -Wformat=2)
  if(RDPMEDIC_WERROR)
    target_compile_options(rdpmedic_warnings INTERFACE -Werror)
  endif()
endif()
