#include "option_stash.h"

#include <algorithm>

namespace provd::kea_hook {

using isc::data::ConstElementPtr;
using isc::data::Element;
using isc::data::ElementPtr;

namespace {

ConstElementPtr buildStash(const std::vector<const DhcpOption*>& options) {
  ElementPtr map = Element::createMap();
  for (const DhcpOption* option : options) {
    ElementPtr entry = Element::createMap();
    entry->set("hex", Element::create(hexBytes(option->data, 0)));
    if (auto text = printableText(option->data)) entry->set("text", Element::create(*text));
    map->set(std::to_string(option->code), entry);
  }
  ElementPtr stash = Element::createMap();
  stash->set("options", map);
  return stash;
}

}  // namespace

ConstElementPtr StashCache::stashFor(const std::vector<const DhcpOption*>& options) {
  // Code, length and bytes of each option: distinct option sets get distinct keys.
  std::string key;
  for (const DhcpOption* option : options) {
    key += static_cast<char>(option->code);
    key += static_cast<char>(option->data.size() & 0xff);
    key += static_cast<char>(option->data.size() >> 8);
    key.append(option->data.begin(), option->data.end());
  }
  std::lock_guard lock(mutex_);
  if (auto found = entries_.find(key); found != entries_.end()) return found->second;
  if (entries_.size() >= kMaxEntries) entries_.clear();  // a flood of distinct values: start over
  ConstElementPtr stash = buildStash(options);
  entries_.emplace(std::move(key), stash);
  return stash;
}

std::size_t StashCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

// Every lease Kea holds carries its user-context (and, with a persistent memfile, writes it to
// the lease file on every renewal), so the stash holds only what reconciliation needs and is
// rewritten only when it changes.
void stashOptions(isc::dhcp::Lease4& lease, const std::vector<DhcpOption>& found,
                  const std::vector<std::uint8_t>& codes, StashCache& cache) {
  auto existing = lease.getContext();
  if (existing && existing->getType() != Element::map) return;  // not ours to rewrite
  auto previous = existing ? existing->get(kUserContextKey) : ConstElementPtr();
  std::vector<const DhcpOption*> stashed;
  for (std::uint8_t code : codes) {
    auto option = std::find_if(found.begin(), found.end(), [&](const DhcpOption& o) { return o.code == code; });
    if (option != found.end()) stashed.push_back(&*option);
  }
  if (stashed.empty()) {
    if (!previous) return;
    ElementPtr context = isc::data::copy(existing, 0);
    context->remove(kUserContextKey);
    lease.setContext(context->empty() ? ElementPtr() : context);
    return;
  }
  ConstElementPtr stash = cache.stashFor(stashed);
  if (previous && (previous == stash || previous->equals(*stash))) return;
  // A shallow copy: the other keys' elements are shared, never changed, like the stash.
  ElementPtr context = existing ? isc::data::copy(existing, 0) : Element::createMap();
  context->set(kUserContextKey, stash);
  lease.setContext(context);
}

}  // namespace provd::kea_hook
