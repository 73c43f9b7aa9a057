# Debian packages through CPack's DEB generator: `make package` (ci/package) builds the release
# preset's daemon targets and runs `cpack -G DEB` in build/release.
#   provd           daemon, provctl, provd-kea-config, bundled plugins, /etc/provd/provd.yaml
#                   (conffile), the hardened systemd unit; /var/lib/provd is made by postinst.
#   provd-kea-hook  libdhcp_provd.so in Kea's hooks directory, pinned to the exact Kea version
#                   it was built against (only when the dhcp_provd target exists).
# CPack rather than debian/ + dpkg-buildpackage: it packages the binaries this CMake build
# already made (no second build, no source package, nothing outside build/release) and needs
# only cmake and dpkg-dev, which the toolchain already has.
include(GNUInstallDirs)

set(PROVD_APPLIANCE_DIR ${PROJECT_SOURCE_DIR}/appliance)
if(CMAKE_LIBRARY_ARCHITECTURE)
  set(PROVD_MULTIARCH ${CMAKE_LIBRARY_ARCHITECTURE})
else()
  set(PROVD_MULTIARCH x86_64-linux-gnu)
endif()

install(TARGETS provd RUNTIME DESTINATION sbin COMPONENT provd)
install(TARGETS provctl RUNTIME DESTINATION bin COMPONENT provd)
install(PROGRAMS ${PROVD_APPLIANCE_DIR}/provd-kea-config DESTINATION sbin COMPONENT provd)
install(FILES ${PROVD_APPLIANCE_DIR}/provd.yaml DESTINATION /etc/provd COMPONENT provd)
install(FILES ${PROVD_APPLIANCE_DIR}/provd.service DESTINATION /lib/systemd/system COMPONENT provd)
install(FILES ${PROVD_APPLIANCE_DIR}/kea/provd-kea-dhcp4.json DESTINATION share/provd/kea COMPONENT provd)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/provd/doc/config.md
        DESTINATION share/doc/provd COMPONENT provd)
install(DIRECTORY DESTINATION share/provd/plugins COMPONENT provd)
if(EXISTS ${PROJECT_SOURCE_DIR}/plugins)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/plugins/ DESTINATION share/provd/plugins COMPONENT provd)
endif()

set(PROVD_PACKAGE_COMPONENTS provd)
if(TARGET dhcp_provd)
  install(TARGETS dhcp_provd LIBRARY DESTINATION lib/${PROVD_MULTIARCH}/kea/hooks COMPONENT kea_hook)
  list(APPEND PROVD_PACKAGE_COMPONENTS kea_hook)
endif()

# cpack installs what is already built: ci/package builds only the packaged targets, not the
# whole tree with its tests.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME provd)
set(CPACK_PACKAGE_VENDOR "provd project")
set(CPACK_PACKAGE_CONTACT "provd maintainers <provd@localhost>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
# Empty: the first line of each CPACK_DEBIAN_<COMPONENT>_DESCRIPTION is that package's synopsis.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_COMPONENTS_ALL ${PROVD_PACKAGE_COMPONENTS})
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# The Debian revision; the upgrade test repackages with `cpack -D CPACK_DEBIAN_PACKAGE_RELEASE=2`.
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)

set(CPACK_DEBIAN_PROVD_PACKAGE_NAME provd)
set(CPACK_DEBIAN_PROVD_DESCRIPTION
    "DHCP-integrated provisioning server for IP phones\nprovd answers the configuration and firmware requests of IP phones over TFTP and\nHTTP, identifies each device and lets its vendor plugin answer.")
set(CPACK_DEBIAN_PROVD_PACKAGE_DEPENDS "adduser, python3")
set(CPACK_DEBIAN_PROVD_PACKAGE_SUGGESTS "kea-dhcp4-server, provd-kea-hook")
set(CPACK_DEBIAN_PROVD_PACKAGE_CONTROL_EXTRA
    ${PROVD_APPLIANCE_DIR}/debian/provd/conffiles ${PROVD_APPLIANCE_DIR}/debian/provd/postinst
    ${PROVD_APPLIANCE_DIR}/debian/provd/prerm ${PROVD_APPLIANCE_DIR}/debian/provd/postrm)
set(CPACK_DEBIAN_PROVD_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_KEA_HOOK_PACKAGE_NAME provd-kea-hook)
set(CPACK_DEBIAN_KEA_HOOK_PACKAGE_SECTION net)
set(CPACK_DEBIAN_KEA_HOOK_DESCRIPTION
    "Kea DHCPv4 hook feeding lease events to provd\nlibdhcp_provd.so sends every lease commit, release, expiry and decline to provd over a\nUnix socket so that TFTP-only phones are identified by their lease.")
set(CPACK_DEBIAN_KEA_HOOK_PACKAGE_CONTROL_EXTRA
    ${PROVD_APPLIANCE_DIR}/debian/provd-kea-hook/postinst ${PROVD_APPLIANCE_DIR}/debian/provd-kea-hook/postrm)
set(CPACK_DEBIAN_KEA_HOOK_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# The exact Kea version (a hook only loads into the Kea it was compiled against) is read when
# cpack runs, by this file, which also pins provd to the same version and revision.
set(CPACK_PROJECT_CONFIG_FILE ${PROVD_APPLIANCE_DIR}/cpack_project_config.cmake)

include(CPack)
