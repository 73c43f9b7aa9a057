// Fuzzes the plugin repository's index parser (and the helpers that work on what it accepts)
// with arbitrary bytes: it must never crash, and an accepted index must respect the schema's
// promises: ids are name-version, unique, and archives are plain file names.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string_view>

#include "plugins/archive_extract.h"
#include "plugins/repository_index.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto index = provd::plugins::parse_index(input);
  if (index) {
    std::set<std::string> ids;
    for (const auto& entry : index->plugins) {
      if (entry.id != entry.name + "-" + entry.version) __builtin_trap();
      if (!ids.insert(entry.id).second) __builtin_trap();
      if (entry.sha256.size() != 64 || entry.size == 0) __builtin_trap();
      if (entry.archive.find('/') != std::string::npos || entry.archive.starts_with(".")) __builtin_trap();
      const std::string url = provd::plugins::resolve_url("http://repo.example/r/index.json", entry.archive);
      if (!url.starts_with("http://repo.example/r/")) __builtin_trap();
      if (index->latest(entry.name) == nullptr) __builtin_trap();
      (void)provd::plugins::to_json(entry);
    }
  }
  // The same bytes as an archive path and as versions.
  if (auto path = provd::plugins::safe_relative_path(input)) {
    const std::string wrapped = "/" + *path + "/";
    if (path->empty() || path->front() == '/' || wrapped.find("/../") != std::string::npos ||
        wrapped.find("/./") != std::string::npos || wrapped.find("//") != std::string::npos) {
      __builtin_trap();
    }
  }
  const auto half = input.size() / 2;
  const int a = provd::plugins::compare_versions(input.substr(0, half), input.substr(half));
  const int b = provd::plugins::compare_versions(input.substr(half), input.substr(0, half));
  if (a != -b) __builtin_trap();
  return 0;
}
