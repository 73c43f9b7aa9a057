# Read by cpack at package time (CPACK_PROJECT_CONFIG_FILE), once per generator run: pins
# provd-kea-hook to the kea-dhcp4-server version installed on the build machine, which is the
# one whose headers and libraries the hook was built against.
cmake_policy(SET CMP0057 NEW)  # IN_LIST: cpack reads this file without the project's policies
if(CPACK_GENERATOR STREQUAL "DEB" AND "kea_hook" IN_LIST CPACK_COMPONENTS_ALL)
  execute_process(COMMAND dpkg-query -W "-f=\${Version}" kea-dhcp4-server
                  OUTPUT_VARIABLE provd_kea_version RESULT_VARIABLE provd_kea_status
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT provd_kea_status EQUAL 0 OR provd_kea_version STREQUAL "")
    message(FATAL_ERROR "provd-kea-hook: kea-dhcp4-server is not installed; cannot pin the Kea version")
  endif()
  set(provd_full_version "${CPACK_PACKAGE_VERSION}-${CPACK_DEBIAN_PACKAGE_RELEASE}")
  set(CPACK_DEBIAN_KEA_HOOK_PACKAGE_DEPENDS
      "kea-dhcp4-server (= ${provd_kea_version}), provd (= ${provd_full_version})")
endif()
