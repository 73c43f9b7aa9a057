# One warning policy for every target of the project: -Werror keeps main clean.
add_compile_options(-Wall -Wextra -Wpedantic -Werror -Wshadow -Wnon-virtual-dtor
                    -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wnull-dereference
                    -Wformat=2 -Wimplicit-fallthrough)
