# Test (cmake -DCHANGELOG=FILE -DVERSION=X.Y.Z -P): the changelog's newest entry is for project(VERSION),
# the version `kiosk --version` reports, so a release cannot ship with a stale changelog.
include(${CMAKE_CURRENT_LIST_DIR}/debian_changelog.cmake)
kiosk_changelog(${CHANGELOG} upstream revision maintainer)
if(NOT upstream STREQUAL VERSION)
  message(FATAL_ERROR "${CHANGELOG}: the newest entry is ${upstream}-${revision}, but project(VERSION) is "
                      "${VERSION}: add an entry for ${VERSION} (dch -v ${VERSION}-1)")
endif()
message(STATUS "changelog ${upstream}-${revision} matches project(VERSION) ${VERSION}")
