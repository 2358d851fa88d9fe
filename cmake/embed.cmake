# Turns data files (the default config and the signature rules) into a C++ source so that
# the kiosk runs on embedded defaults with nothing installed beside the binary.
#   kiosk_embed(OUTPUT file.cpp NAMESPACE ns FILES a b ...)
# produces `std::span<const EmbeddedFile> ns::embedded_files()`; see kiosk/core/embedded.h.
function(kiosk_embed)
  cmake_parse_arguments(ARG "" "OUTPUT;NAMESPACE;BASE" "FILES" ${ARGN})
  add_custom_command(
    OUTPUT ${ARG_OUTPUT}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${ARG_OUTPUT} -DNAMESPACE=${ARG_NAMESPACE} -DBASE=${ARG_BASE}
            "-DFILES=${ARG_FILES}" -P ${PROJECT_SOURCE_DIR}/cmake/embed_write.cmake
    DEPENDS ${ARG_FILES} ${PROJECT_SOURCE_DIR}/cmake/embed_write.cmake
    COMMENT "Embedding ${ARG_NAMESPACE} data files"
    VERBATIM)
endfunction()
