#pragma once
// The web search page's files, compiled into the binary (server/web/, embedded at build time by
// server/cmake/embed_assets.cmake).
#include <span>
#include <string_view>

namespace vanthu::server {

struct WebAsset {
    std::string_view path;          // "/index.html", "/app.js", …
    std::string_view content_type;  // "text/html; charset=utf-8", …
    std::string_view body;
};

[[nodiscard]] std::span<const WebAsset> web_assets();

}  // namespace vanthu::server
