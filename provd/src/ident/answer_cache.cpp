#include "ident/answer_cache.h"

namespace provd::ident {

serve::Answer CachedAnswer::to_answer() const {
  serve::Answer answer;
  answer.status = status;
  if (body) answer.body = serve::MemoryBody{body};
  answer.content_type = content_type;
  answer.modified = modified;
  answer.etag = etag;
  answer.reason = reason;
  return answer;
}

AnswerCache::AnswerCache(Limits limits) : limits_(limits) {}

std::string AnswerCache::key(const Inputs& inputs) {
  // NUL cannot occur in a decoded path, a header value or an address, so fields cannot run
  // into each other; the User-Agent's presence is marked apart from an empty one.
  std::string key;
  key.reserve(inputs.source_ip.size() + inputs.path.size() + inputs.query.size() +
              (inputs.user_agent ? inputs.user_agent->size() : 0) + 8);
  key += to_string(inputs.channel);
  key += '\0';
  key += inputs.source_ip;
  key += '\0';
  key += inputs.path;
  key += '\0';
  key += inputs.query;
  key += '\0';
  if (inputs.user_agent) {
    key += 'U';
    key += *inputs.user_agent;
  }
  return key;
}

std::shared_ptr<const CachedAnswer> AnswerCache::find(const std::string& key, const AnswerStamp& stamp) {
  if (!enabled()) return nullptr;
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(key);
  if (it == entries_.end()) return nullptr;
  if (!(it->second.stamp == stamp) || now >= it->second.expires) {
    erase(it);  // stale for good: the store and the plugins only move forward
    return nullptr;
  }
  return it->second.answer;
}

void AnswerCache::store(std::string key, AnswerStamp stamp, std::shared_ptr<const CachedAnswer> answer) {
  if (!enabled() || !answer) return;
  const std::size_t bytes = 2 * key.size() + (answer->body ? answer->body->size() : 0) + answer->etag.size() +
                            answer->device.size() + answer->route.size() + sizeof(Entry);
  if (bytes > limits_.max_bytes / 8) return;
  const auto expires = std::chrono::steady_clock::now() + limits_.ttl;
  std::lock_guard lock(mutex_);
  if (auto old = entries_.find(key); old != entries_.end()) erase(old);
  while (bytes_ + bytes > limits_.max_bytes && !age_.empty()) erase(entries_.find(age_.front()));
  age_.push_back(key);
  const auto age = std::prev(age_.end());
  entries_.emplace(std::move(key), Entry{std::move(stamp), expires, std::move(answer), bytes, age});
  bytes_ += bytes;
}

void AnswerCache::erase(std::unordered_map<std::string, Entry>::iterator it) {
  bytes_ -= it->second.bytes;
  age_.erase(it->second.age);
  entries_.erase(it);
}

std::size_t AnswerCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

std::size_t AnswerCache::bytes() const {
  std::lock_guard lock(mutex_);
  return bytes_;
}

}  // namespace provd::ident
