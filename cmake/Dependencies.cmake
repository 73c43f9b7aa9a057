# Every third-party dependency is found here, once, from Debian 12 packages (ci/install-deps).
# Nothing is vendored or downloaded.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(Boost 1.74 REQUIRED)                 # Asio and Beast are header-only
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(CLI11 REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(CURL REQUIRED)
find_package(GTest REQUIRED)
pkg_check_modules(LMDB REQUIRED IMPORTED_TARGET lmdb)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
pkg_check_modules(LIBARCHIVE REQUIRED IMPORTED_TARGET libarchive)
# The daemon's allocator. Under load glibc malloc took ~17% of provd's CPU (arena locks,
# consolidation; a request's buffers are allocated on one thread and freed on another);
# jemalloc's thread caches do that work for less. Sanitizer builds keep their own allocator.
pkg_check_modules(JEMALLOC REQUIRED IMPORTED_TARGET jemalloc)

find_path(VALIJSON_INCLUDE_DIR valijson/validator.hpp REQUIRED)
add_library(provd_valijson INTERFACE)
target_include_directories(provd_valijson SYSTEM INTERFACE ${VALIJSON_INCLUDE_DIR})

find_path(MUSTACHE_INCLUDE_DIR kainjow/mustache.hpp REQUIRED)
add_library(provd_mustache INTERFACE)
target_include_directories(provd_mustache SYSTEM INTERFACE ${MUSTACHE_INCLUDE_DIR})

# Asio without the deprecated interfaces; Beast's and Asio's own separate compilation is not used.
add_library(provd_asio INTERFACE)
target_link_libraries(provd_asio INTERFACE Boost::headers Threads::Threads)
target_compile_definitions(provd_asio INTERFACE BOOST_ASIO_NO_DEPRECATED BOOST_BEAST_USE_STD_STRING_VIEW)
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  # Boost 1.74 only recognises C++20 coroutines on GCC; clang 14 supports libstdc++'s
  # <coroutine> just as well (the fuzz preset builds with clang).
  target_compile_definitions(provd_asio INTERFACE BOOST_ASIO_HAS_CO_AWAIT=1 BOOST_ASIO_HAS_STD_COROUTINE=1)
endif()
