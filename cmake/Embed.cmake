# provd_embed_files(TARGET NAME FILES...) generates a translation unit that holds each file
# as a string and a lookup function `std::optional<std::string_view> NAME(std::string_view)`
# keyed by file name. Used for JSON Schemas and the default configuration, so that the daemon
# never depends on finding them on disk.
function(provd_embed_files target function_name)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${function_name}.cpp)
  string(REPLACE ";" "|" file_list "${ARGN}")  # a ';' would split the shell command
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DFUNCTION=${function_name} "-DFILES=${file_list}"
            -P ${PROJECT_SOURCE_DIR}/cmake/EmbedGenerate.cmake
    DEPENDS ${ARGN} ${PROJECT_SOURCE_DIR}/cmake/EmbedGenerate.cmake
    COMMENT "Embedding ${function_name}"
    VERBATIM)
  target_sources(${target} PRIVATE ${out})
endfunction()
