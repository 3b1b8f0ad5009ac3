#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

namespace portside::bench {

/// Durations of repeated runs of one operation, in microseconds.
struct Samples {
    std::vector<double> us;
    double percentile(double p)
    {
        std::sort(us.begin(), us.end());
        return us.at(static_cast<std::size_t>(p * static_cast<double>(us.size() - 1)));
    }
};

template <class F> Samples measure(int count, F&& operation)
{
    Samples s;
    s.us.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        operation(i);
        s.us.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
    }
    return s;
}

inline void report(const char* what, Samples& ours, Samples& reference, const char* referenceName)
{
    const double m = ours.percentile(0.5), p99 = ours.percentile(0.99);
    const double rm = reference.percentile(0.5), rp99 = reference.percentile(0.99);
    std::printf("%-28s median %9.1f us  p99 %9.1f us\n", what, m, p99);
    std::printf("%-28s median %9.1f us  p99 %9.1f us\n", referenceName, rm, rp99);
    std::printf("ratio (ours / reference)     median %9.2fx   p99 %9.2fx\n", m / rm, p99 / rp99);
}

} // namespace portside::bench
