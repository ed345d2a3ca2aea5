// Placeholder: being written.
#include "vanthu/query/suggest.hpp"
