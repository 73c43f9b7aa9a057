#include "rest/operations.h"

#include "common/random_id.h"
#include "metrics/registry.h"

namespace provd::rest {
namespace {

void count_operation(std::string_view kind, std::string_view state) {
  metrics::counter("provd_operations_total", "Operations by kind and state reached (started, succeeded, ...)",
                   {{"kind", std::string(kind)}, {"state", std::string(state)}})
      .inc();
}

}  // namespace

nlohmann::json Operations::create(store::WriteTxn& txn, std::string_view kind, nlohmann::json target,
                                  std::int64_t now) const {
  nlohmann::json doc = {{"id", random_id()},
                        {"kind", kind},
                        {"target", std::move(target)},
                        {"state", "running"},
                        {"progress", nlohmann::json::object()},
                        {"result", nullptr},
                        {"created", now},
                        {"updated", now}};
  txn.put(db_, doc["id"].get<std::string>(), doc.dump());
  count_operation(kind, "started");
  return doc;
}

std::optional<nlohmann::json> Operations::get(store::TxnRef txn, std::string_view id) const {
  auto text = txn.get(db_, id);
  if (!text) return std::nullopt;
  return nlohmann::json::parse(*text);
}

std::vector<nlohmann::json> Operations::list(store::TxnRef txn) const {
  std::vector<nlohmann::json> out;
  store::Cursor cursor(txn, db_);
  for (auto entry = cursor.first(); entry; entry = cursor.next()) out.push_back(nlohmann::json::parse(entry->value));
  return out;
}

bool Operations::set_progress(store::WriteTxn& txn, std::string_view id, nlohmann::json progress,
                              std::int64_t now) const {
  auto doc = get(txn, id);
  if (!doc || (*doc)["state"] != "running") return false;
  (*doc)["progress"] = std::move(progress);
  (*doc)["updated"] = now;
  txn.put(db_, id, doc->dump());
  return true;
}

bool Operations::finish(store::WriteTxn& txn, std::string_view id, std::string_view state, nlohmann::json result,
                        std::int64_t now) const {
  auto doc = get(txn, id);
  if (!doc || (*doc)["state"] != "running") return false;
  (*doc)["state"] = state;
  (*doc)["result"] = std::move(result);
  (*doc)["updated"] = now;
  txn.put(db_, id, doc->dump());
  count_operation((*doc).value("kind", "unknown"), state);
  return true;
}

std::size_t Operations::fail_interrupted(store::WriteTxn& txn, std::int64_t now) const {
  std::vector<std::string> running;
  {
    store::Cursor cursor(txn.raw(), db_);
    for (auto entry = cursor.first(); entry; entry = cursor.next()) {
      if (nlohmann::json::parse(entry->value).value("state", "") == "running") running.emplace_back(entry->key);
    }
  }
  for (const auto& id : running) {
    finish(txn, id, "failed", {{"outcome", "interrupted"}, {"message", "provd stopped while it ran"}}, now);
  }
  return running.size();
}

std::shared_ptr<std::atomic<bool>> CancelFlags::add(const std::string& id) {
  auto flag = std::make_shared<std::atomic<bool>>(false);
  std::lock_guard lock(mutex_);
  flags_[id] = flag;
  return flag;
}

bool CancelFlags::cancel(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto it = flags_.find(id);
  if (it == flags_.end()) return false;
  it->second->store(true);
  return true;
}

void CancelFlags::remove(const std::string& id) {
  std::lock_guard lock(mutex_);
  flags_.erase(id);
}

}  // namespace provd::rest
