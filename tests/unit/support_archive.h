#pragma once

#include <archive.h>
#include <archive_entry.h>
#include <sys/sysmacros.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace provd::test {

/// One entry of an archive a test builds: a file, directory, symlink, hard link or special node.
struct ArchiveItem {
  enum class Kind { kFile, kDir, kSymlink, kHardlink, kCharDevice, kFifo };
  // NOLINTNEXTLINE(google-explicit-constructor): tests list items as brace initialisers
  ArchiveItem(std::string name_, std::string content_ = "", Kind kind_ = Kind::kFile, std::string link_ = "")
      : name(std::move(name_)), content(std::move(content_)), kind(kind_), link(std::move(link_)) {}
  std::string name;
  std::string content;  ///< regular files
  Kind kind;
  std::string link;  ///< symlink target or hard-link target
};

/// Writes `items` as a gzip-compressed tar ("tar.gz") or a zip ("zip") at `path`.
inline void write_archive(const std::filesystem::path& path, const std::string& format,
                          const std::vector<ArchiveItem>& items) {
  struct archive* a = archive_write_new();
  if (format == "zip") {
    archive_write_set_format_zip(a);
  } else {
    archive_write_set_format_pax_restricted(a);
    archive_write_add_filter_gzip(a);
  }
  if (archive_write_open_filename(a, path.c_str()) != ARCHIVE_OK) {
    throw std::runtime_error(archive_error_string(a));
  }
  for (const auto& item : items) {
    struct archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, item.name.c_str());
    archive_entry_set_perm(e, 0644);
    archive_entry_set_mtime(e, 1700000000, 0);
    switch (item.kind) {
      case ArchiveItem::Kind::kFile:
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_size(e, static_cast<la_int64_t>(item.content.size()));
        break;
      case ArchiveItem::Kind::kDir:
        archive_entry_set_filetype(e, AE_IFDIR);
        archive_entry_set_perm(e, 0755);
        break;
      case ArchiveItem::Kind::kSymlink:
        archive_entry_set_filetype(e, AE_IFLNK);
        archive_entry_set_symlink(e, item.link.c_str());
        break;
      case ArchiveItem::Kind::kHardlink:
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_hardlink(e, item.link.c_str());
        archive_entry_set_size(e, 0);
        break;
      case ArchiveItem::Kind::kCharDevice:
        archive_entry_set_filetype(e, AE_IFCHR);
        archive_entry_set_rdev(e, makedev(1, 3));
        break;
      case ArchiveItem::Kind::kFifo:
        archive_entry_set_filetype(e, AE_IFIFO);
        break;
    }
    if (archive_write_header(a, e) != ARCHIVE_OK) throw std::runtime_error(archive_error_string(a));
    if (item.kind == ArchiveItem::Kind::kFile && !item.content.empty()) {
      archive_write_data(a, item.content.data(), item.content.size());
    }
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
}

}  // namespace provd::test
