// SPDX-License-Identifier: Apache-2.0
// The Catch2 runner of every test executable. libsystemc owns main() and calls sc_main.
//
// SystemC elaborates one design per process, so each TEST_CASE builds its own test bench and
// CTest runs one case per process (catch_discover_tests). Running an executable by hand
// with several cases selected fails from the second case on; the listener below says why.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <systemc>

#include "sim/core/clock.hpp"

namespace {

class one_case_per_process : public Catch::TestEventListenerBase {
public:
    using TestEventListenerBase::TestEventListenerBase;
    void testCaseStarting(const Catch::TestCaseInfo& info) override {
        if (++m_cases == 2)
            std::fprintf(stderr,
                         "warning: SystemC allows one elaboration per process; run one test case per "
                         "process (ctest does), e.g. %s \"%s\"\n",
                         "<test-exe>", info.name.c_str());
    }

private:
    int m_cases = 0;
};

}  // namespace

CATCH_REGISTER_LISTENER(one_case_per_process)

int sc_main(int argc, char* argv[]) {
    // Keep stdout clean: catch_discover_tests parses the test list from it.
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
    rtv::core::init_time_resolution();
    return Catch::Session().run(argc, argv);
}
