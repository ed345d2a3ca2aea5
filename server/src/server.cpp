// Placeholder: the server is being written.
#include "vanthu/server/server.hpp"
