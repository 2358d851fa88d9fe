# The Debian packages, made by CPack's DEB generator from the install rules (kiosk/packaging):
#   cmake --build build --target package   ->   build/kiosk_<version>-<revision>_amd64.deb
#                                                build/kiosk-agent_<version>-<revision>_amd64.deb
# CPack, not a debian/ directory: the tree is CMake's and the top level is fixed, and CPack packs
# exactly what the install rules say, with dpkg-shlibdeps for Depends. Each package is one install
# component (CPACK_DEB_COMPONENT_INSTALL: one .deb per component, each with its own name, control
# files and shlibdeps, from the one build tree), so kiosk-agent's Depends come from its own binary
# alone and hold no OpenCV, FFmpeg, dlib or GL (.ci/package checks). The version is project(VERSION)
# and the revision and maintainer come from the newest entry of kiosk/packaging/changelog (a test
# checks the two agree).
include(${CMAKE_CURRENT_LIST_DIR}/debian_changelog.cmake)
kiosk_changelog(${PROJECT_SOURCE_DIR}/kiosk/packaging/changelog changelog_upstream changelog_revision
                changelog_maintainer)

set(CPACK_GENERATOR DEB)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL kiosk agent)
set(CPACK_PACKAGE_NAME kiosk)
set(CPACK_PACKAGE_CONTACT "${changelog_maintainer}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_DEBIAN_PACKAGE_RELEASE ${changelog_revision})
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)

set(packaging ${PROJECT_SOURCE_DIR}/kiosk/packaging)
set(CPACK_DEBIAN_KIOSK_PACKAGE_NAME kiosk)
set(CPACK_DEBIAN_KIOSK_DESCRIPTION
    "verification kiosk: KVM-over-IP hardware, deepfakes, signed session log
A fullscreen kiosk and command-line tool that inspects the machine it runs on
for KVM-over-IP, capture and remote-control hardware, judges cameras and
video streams for injection and face swaps during an interview, and records
every verification session in a signed, tamper-evident ledger.")
# Data files dpkg-shlibdeps cannot see: the landmark model vision.landmarks_model names, the fonts of
# ui.font*, and adduser for the maintainer scripts.
set(CPACK_DEBIAN_KIOSK_PACKAGE_DEPENDS "adduser, fonts-dejavu-core, libdlib-data")
# Auditors verify exports with minisign; TPM-sealed keys are made and inspected with tpm2-tools.
set(CPACK_DEBIAN_KIOSK_PACKAGE_RECOMMENDS "minisign, tpm2-tools")
# A software TPM only for machines without one; cage, XWayland and a logind session for the
# dedicated kiosk machine (kiosk-fullscreen.service).
set(CPACK_DEBIAN_KIOSK_PACKAGE_SUGGESTS "swtpm, swtpm-tools, cage, xwayland, libpam-systemd")
set(CPACK_DEBIAN_KIOSK_PACKAGE_CONTROL_EXTRA
    ${packaging}/conffiles ${packaging}/postinst ${packaging}/prerm ${packaging}/postrm)

set(CPACK_DEBIAN_AGENT_PACKAGE_NAME kiosk-agent)
set(CPACK_DEBIAN_AGENT_DESCRIPTION
    "endpoint agent: KVM-over-IP hardware and remote-control software, signed log
A light service for every company laptop: scans the machine for KVM-over-IP,
capture and remote-control hardware and software at start and periodically,
watches hot-plug and input behaviour in between, and keeps what changed in a
signed, tamper-evident ledger. It reads no video and pulls in no OpenCV,
FFmpeg, dlib or GL.")
# Nothing beyond what dpkg-shlibdeps finds: systemd makes its dynamic user and state directory.
set(CPACK_DEBIAN_AGENT_PACKAGE_CONTROL_EXTRA ${packaging}/agent/postinst ${packaging}/agent/prerm ${packaging}/agent/postrm)

include(CPack)
