// Internal to the HTTP server: awaitable adapters for the two things a session waits on
// besides its socket: the RequestHandler's callback and a file read (page cache at once, disk on
// the blocking pool).
#pragma once

#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>  // Boost 1.74 awaitable.hpp uses std::exchange without including it
#include <variant>

#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "common/cached_read.h"
#include "serve/request.h"

namespace provd::http {

/// Asks `handler` for the answer to `request` and completes on the caller's executor (the
/// session's strand), whichever thread the handler calls back from. A small file answered
/// from a thread of `pool` is read there (inline_small_file).
template <class CompletionToken>
auto async_answer(serve::RequestHandler& handler, boost::asio::thread_pool& pool, serve::Request request,
                  CompletionToken&& token) {
  return boost::asio::async_initiate<CompletionToken, void(serve::Answer)>(
      [&handler, &pool](auto completion, serve::Request req) {
        // AnswerCallback is a std::function, which must be copyable; the completion is not.
        using Completion = decltype(completion);
        auto shared = std::make_shared<Completion>(std::move(completion));
        auto work =
            std::make_shared<decltype(boost::asio::make_work_guard(boost::asio::get_associated_executor(*shared)))>(
                boost::asio::make_work_guard(boost::asio::get_associated_executor(*shared)));
        handler.async_handle(std::move(req), [shared, work, &pool](serve::Answer answer) mutable {
          if (pool.get_executor().running_in_this_thread()) serve::inline_small_file(answer);
          auto executor = boost::asio::get_associated_executor(*shared);
          boost::asio::dispatch(executor,
                                [shared, work, answer = std::move(answer)]() mutable { (*shared)(std::move(answer)); });
        });
      },
      token, std::move(request));
}

/// The bytes at `offset` the page cache already holds (up to `size`), read without waiting for
/// the disk (preadv2 RWF_NOWAIT); 0 when none are cached or the file system cannot tell.
inline std::size_t pread_cached(int fd, char* data, std::size_t size, std::uint64_t offset) {
  const iovec part{data, size};
  const std::int64_t n = preadv_cached(fd, std::span<const iovec>(&part, 1), offset);
  return n > 0 ? static_cast<std::size_t>(n) : 0;
}

/// pread(2) of up to `size` bytes at `offset`, completing on the caller's executor with the
/// byte count or -errno. Bytes the page cache holds are read at once (pread_cached); only a
/// read that must wait for the disk runs on `pool`.
template <class CompletionToken>
auto async_pread(boost::asio::thread_pool& pool, int fd, char* data, std::size_t size, std::uint64_t offset,
                 CompletionToken&& token) {
  return boost::asio::async_initiate<CompletionToken, void(std::int64_t)>(
      [&pool, fd, data, size, offset](auto completion) {
        auto work = boost::asio::make_work_guard(boost::asio::get_associated_executor(completion));
        if (const std::size_t cached = pread_cached(fd, data, size, offset); cached > 0) {
          // Completing inside the initiation is not allowed: post, which stays on this thread.
          auto executor = boost::asio::get_associated_executor(completion);
          boost::asio::post(executor, [completion = std::move(completion), work = std::move(work), cached]() mutable {
            completion(static_cast<std::int64_t>(cached));
          });
          return;
        }
        boost::asio::post(
            pool, [completion = std::move(completion), work = std::move(work), fd, data, size, offset]() mutable {
              ssize_t n = 0;
              do {
                n = ::pread(fd, data, size, static_cast<off_t>(offset));
              } while (n < 0 && errno == EINTR);
              const std::int64_t result = n < 0 ? -errno : n;
              auto executor = boost::asio::get_associated_executor(completion);
              boost::asio::dispatch(executor,
                                    [completion = std::move(completion), result]() mutable { completion(result); });
            });
      },
      token);
}

}  // namespace provd::http
