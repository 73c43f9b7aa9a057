// The RequestHandler the provisioning listeners share: the pipeline runs on the blocking pool
// (it reads the store and the disk), and its recent answers are kept in an AnswerCache so
// that an identical request is answered at once on the I/O thread.
#pragma once

#include <memory>
#include <optional>

#include <boost/asio/thread_pool.hpp>

#include "ident/answer_cache.h"
#include "ident/pipeline.h"
#include "serve/request.h"

namespace provd::ident {

/// Serves provisioning requests through a Pipeline.
class PipelineHandler : public serve::RequestHandler {
 public:
  /// Runs `pipeline` on `blocking`; `cache` limits (ttl 0: no answer is reused).
  PipelineHandler(std::shared_ptr<Pipeline> pipeline, boost::asio::thread_pool& blocking,
                  AnswerCache::Limits cache = {});
  void async_handle(serve::Request request, serve::AnswerCallback done) override;
  /// A cached answer for an identical recent request whose stamp is still current.
  std::optional<serve::Answer> answer_now(const serve::Request& request) override;

 private:
  std::shared_ptr<Pipeline> pipeline_;
  boost::asio::thread_pool& blocking_;
  // Shared with queued runs, which may finish after this handler is gone during shutdown.
  std::shared_ptr<AnswerCache> cache_;
};

}  // namespace provd::ident
