# ASan+UBSan for the debug preset. Applied globally so that every test binary and the
# daemon are instrumented; the Kea hook's .so opts out (see kea-hook/CMakeLists.txt) because
# it is dlopen()ed by an uninstrumented kea-dhcp4.
if(PROVD_SANITIZE)
  set(PROVD_SANITIZER_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=undefined
                            -fno-omit-frame-pointer)
  add_compile_options(${PROVD_SANITIZER_FLAGS})
  add_link_options(${PROVD_SANITIZER_FLAGS})
endif()

# The fuzz preset instruments everything for coverage so libFuzzer can steer into provd_core.
if(PROVD_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
