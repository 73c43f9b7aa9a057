#include "http/content_type.h"

#include <utility>

namespace provd::http {
namespace {

// Text formats say so (and in UTF-8), so a browser or curl shows them; firmware images and
// archives are opaque bytes except where a registered type exists.
constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
    {"cfg", "text/plain; charset=utf-8"},
    {"conf", "text/plain; charset=utf-8"},
    {"txt", "text/plain; charset=utf-8"},
    {"ini", "text/plain; charset=utf-8"},
    {"inf", "text/plain; charset=utf-8"},
    {"boot", "text/plain; charset=utf-8"},
    {"loads", "text/plain; charset=utf-8"},
    {"xml", "application/xml"},
    {"json", "application/json"},
    {"htm", "text/html; charset=utf-8"},
    {"html", "text/html; charset=utf-8"},
    {"css", "text/css"},
    {"js", "text/javascript"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"bmp", "image/bmp"},
    {"wav", "audio/wav"},
    {"tar", "application/x-tar"},
    {"zip", "application/zip"},
    {"gz", "application/gzip"},
    {"tgz", "application/gzip"},
    {"crt", "application/x-x509-ca-cert"},
    {"pem", "application/x-pem-file"},
    // Firmware images: listed so the table documents them, even though they get the default.
    {"bin", "application/octet-stream"},
    {"ld", "application/octet-stream"},
    {"sbn", "application/octet-stream"},
    {"img", "application/octet-stream"},
    {"rom", "application/octet-stream"},
};

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace

std::string_view content_type_for(std::string_view path) {
  constexpr std::string_view kDefault = "application/octet-stream";  // bin, ld, sbn, img, rom, ...
  const auto slash = path.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const auto dot = name.rfind('.');
  if (dot == std::string_view::npos || dot + 1 == name.size()) return kDefault;
  const std::string_view extension = name.substr(dot + 1);
  for (const auto& [ext, type] : kTypes) {
    if (iequals(ext, extension)) return type;
  }
  return kDefault;
}

}  // namespace provd::http
