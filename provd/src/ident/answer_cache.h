// Recent pipeline answers, reused for an identical request (same protocol, source address,
// User-Agent, path and query) for as long as nothing the answer came from has changed: no
// store commit since (LMDB's last transaction id: devices, leases, configs), the same plugin
// snapshot, and not older than a short time-to-live, which bounds how long a file edited by
// hand in a plugin's tree can be answered from memory. A hit needs no store, no disk and no
// trip through the blocking pool, so the I/O thread answers it at once: phones retrying during
// a storm, HEAD-then-GET, and polling all cost a lookup.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "ident/inputs.h"
#include "metrics/registry.h"
#include "serve/request.h"

namespace provd::ident {

/// What an answer was computed from; a cached answer serves only while the stamp is current.
struct AnswerStamp {
  std::uint64_t store_commit = 0;  ///< the store's last commit before the run
  std::uint64_t plugins = 0;       ///< the plugin registry's generation before the run

  bool operator==(const AnswerStamp& other) const noexcept = default;
};

/// An answer as kept: an in-memory body (or none, for "not found") and what the request's log
/// line and metrics need.
struct CachedAnswer {
  serve::Answer::Status status = serve::Answer::Status::kNotFound;
  std::shared_ptr<const std::string> body;  ///< null for a refusal
  std::string content_type;
  std::chrono::system_clock::time_point modified{};
  std::string etag;
  std::string reason;
  std::string device = "-";                     ///< the identified device's id, for the log line
  std::string plugin = "-";                     ///< the plugin that answered
  std::string route = "-";                      ///< what was served
  std::string identification = "unidentified";  ///< metrics label: known or unidentified
  metrics::Counter* answers = nullptr;          ///< the request's provd_provisioning_answers_total
  metrics::Counter* identifications = nullptr;  ///< the request's provd_identification_total

  /// A fresh Answer with this content.
  serve::Answer to_answer() const;
};

/// Bounded, thread-safe map from request inputs to recent answers.
class AnswerCache {
 public:
  struct Limits {
    std::chrono::milliseconds ttl{0};  ///< how long an answer may be reused; 0 disables the cache
    std::size_t max_bytes = 0;         ///< memory for keys and bodies; the oldest entries go first
  };
  explicit AnswerCache(Limits limits);

  /// Whether answers are kept at all.
  bool enabled() const noexcept { return limits_.ttl.count() > 0 && limits_.max_bytes > 0; }
  /// The cache key of a request's inputs.
  static std::string key(const Inputs& inputs);
  /// The answer kept for `key` if it carries `stamp` and has not expired.
  std::shared_ptr<const CachedAnswer> find(const std::string& key, const AnswerStamp& stamp);
  /// Keeps `answer` for `key` (replacing an older one); one that would take more than an eighth
  /// of the budget is not kept.
  void store(std::string key, AnswerStamp stamp, std::shared_ptr<const CachedAnswer> answer);
  /// Entries kept now.
  std::size_t size() const;
  /// Bytes accounted now (keys and bodies).
  std::size_t bytes() const;

 private:
  struct Entry {
    AnswerStamp stamp;
    std::chrono::steady_clock::time_point expires;
    std::shared_ptr<const CachedAnswer> answer;
    std::size_t bytes = 0;
    std::list<std::string>::iterator age;  ///< position in age_, oldest first
  };
  void erase(std::unordered_map<std::string, Entry>::iterator it);

  Limits limits_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> age_;  // keys, oldest first
  std::size_t bytes_ = 0;
};

}  // namespace provd::ident
