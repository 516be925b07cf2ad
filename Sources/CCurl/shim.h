#ifndef RETOMA_CCURL_SHIM_H
#define RETOMA_CCURL_SHIM_H

#include <curl/curl.h>

// Swift cannot call C variadic functions, so curl_easy_setopt and curl_easy_getinfo are wrapped here
// with one typed function per argument kind.

typedef size_t (*retoma_curl_data_callback)(char *data, size_t size, size_t count, void *context);

static inline CURLcode retoma_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode retoma_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode retoma_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode retoma_curl_setopt_callback(CURL *handle, CURLoption option,
                                                   retoma_curl_data_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

static inline CURLcode retoma_curl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode retoma_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

#endif
