#pragma once
// The JSON API (docs/api.md): each handler validates its parameters, reads the calling
// thread's index handles and answers JSON. User errors are thrown as ApiError.
#include <httplib.h>

#include <string_view>

#include "files.hpp"
#include "index_pool.hpp"
#include "vanthu/server/server.hpp"

namespace vanthu::server {

// Longest value of q, number and the filters, in bytes.
inline constexpr std::size_t kMaxQueryBytes = 1000;
// page × size: deeper pages cost the matcher more than anyone reads.
inline constexpr std::size_t kMaxResultWindow = 10000;
inline constexpr std::size_t kMaxPageSize = 100;
inline constexpr std::size_t kMaxSuggestions = 20;

// Throws ApiError 400 when a parameter is given twice or a name or value is not valid UTF-8.
void check_params(const httplib::Request& req);

class Api {
  public:
    Api(IndexPool& pool, const ServerOptions& options);

    void search(const httplib::Request& req, httplib::Response& res);
    void document(const httplib::Request& req, httplib::Response& res, std::string_view id);
    void file(const httplib::Request& req, httplib::Response& res, std::string_view id);
    void cites(const httplib::Request& req, httplib::Response& res);
    void suggest(const httplib::Request& req, httplib::Response& res);
    void healthz(const httplib::Request& req, httplib::Response& res);

  private:
    [[nodiscard]] Roots roots(const ThreadIndex& t) const;

    IndexPool& m_pool;
    const ServerOptions& m_options;
    Roots m_user_roots;  // --root, resolved; empty: the index's
};

}  // namespace vanthu::server
