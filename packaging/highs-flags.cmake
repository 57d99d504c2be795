# HiGHS's optimisation. highs-sys builds it as CMake's Release, whose flags
# are GCC's -O3 whatever the Cargo profile says; -O2 is what HiGHS is built
# with here instead (see ARCHITECTURE.md, "Installing": size and MIP times,
# measured side by side).
set(CMAKE_C_FLAGS_RELEASE_INIT "-O2 -DNDEBUG")
set(CMAKE_CXX_FLAGS_RELEASE_INIT "-O2 -DNDEBUG")
