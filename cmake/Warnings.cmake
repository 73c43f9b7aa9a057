# One warning policy for every target of the project: -Werror keeps main clean.
add_compile_options(-Wall -Wextra -Wpedantic -Werror -Wshadow -Wnon-virtual-dtor
                    -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wnull-dereference
                    -Wformat=2 -Wimplicit-fallthrough)
# GCC 12 at -O2 reports "potential null pointer dereference" and "mismatched new/delete" inside
# Boost.Asio's own headers (scheduler.ipp, thread_info_base.hpp, awaitable frames), which broke
# the release preset: there they warn only.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND NOT CMAKE_BUILD_TYPE STREQUAL "Debug")
  add_compile_options(-Wno-error=null-dereference -Wno-error=mismatched-new-delete)
endif()
