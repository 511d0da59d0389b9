// SPDX-License-Identifier: Apache-2.0
// The CSV number formatters against the printf formats they replace, byte for byte.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "app/decimal_format.hpp"

using namespace rtv::app;

namespace {

std::string printf_string(const char* fmt, double v, int precision) {
    char buf[400];
    std::snprintf(buf, sizeof buf, fmt, precision, v);
    return buf;
}

std::string fixed(double v, int precision) {
    std::string s;
    append_fixed(s, v, precision);
    return s;
}

}  // namespace

TEST_CASE("append_fixed writes what printf's %.Nf writes", "[decimal_format]") {
    std::vector<double> values = {0.0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.0625, 0.0005, 0.0015, 0.125, 1e-9, -1e-9,
                                  123456.0005, 1e21, -1e21, 9.2e18 / 1e9, std::numeric_limits<double>::max(),
                                  std::numeric_limits<double>::denorm_min()};
    // drift_ms: drift * 1000 / tps for the usual rates and awkward ones
    for (const unsigned tps : {100u, 1000u, 128u, 3u, 7u, 1024u, 999u})
        for (std::int64_t drift = -2000; drift <= 2000; drift += 7) values.push_back(static_cast<double>(drift) * 1000.0 / tps);
    // response_ms: picoseconds / 1e9
    std::mt19937_64 gen(20261206);
    for (int i = 0; i < 20000; ++i) {
        values.push_back(static_cast<double>(static_cast<std::int64_t>(gen() >> (gen() % 64))) / 1e9);
        values.push_back(static_cast<double>(static_cast<std::int64_t>(gen() % 2'000'001) - 1'000'000) * 1000.0 /
                         static_cast<double>(1 + gen() % 5000));
    }
    for (const double v : values)
        for (const int precision : {3, 6, 9}) {
            INFO(printf_string("%.*g", v, 20));
            REQUIRE(fixed(v, precision) == printf_string("%.*f", v, precision));
        }
}

TEST_CASE("append_decimal and append_zero_padded write what %llu, %lld and %09llu write", "[decimal_format]") {
    std::mt19937_64 gen(7);
    std::vector<std::uint64_t> values = {0, 1, 9, 10, 999'999'999, 1'000'000'000, std::numeric_limits<std::uint64_t>::max()};
    for (int i = 0; i < 20000; ++i) values.push_back(gen() >> (gen() % 64));
    for (const std::uint64_t v : values) {
        char buf[48];
        std::string s;
        append_decimal(s, v);
        std::snprintf(buf, sizeof buf, "%llu", static_cast<unsigned long long>(v));
        REQUIRE(s == buf);

        const auto i = static_cast<std::int64_t>(v);
        s.clear();
        append_decimal(s, i);
        std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(i));
        REQUIRE(s == buf);

        s.clear();
        append_zero_padded(s, v % 1'000'000'000ULL, 9);
        std::snprintf(buf, sizeof buf, "%09llu", static_cast<unsigned long long>(v % 1'000'000'000ULL));
        REQUIRE(s == buf);
    }
}
