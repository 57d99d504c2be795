# CMake toolchain file for HiGHS, the MIP solver that highs-sys builds with
# CMake: .cargo/config.toml names it (cmake-rs passes CMAKE_TOOLCHAIN_FILE
# from the environment). It only points CMake to highs-flags.cmake, read
# once the compiler's defaults are known, so that those can be replaced.
set(CMAKE_USER_MAKE_RULES_OVERRIDE "${CMAKE_CURRENT_LIST_DIR}/highs-flags.cmake")
