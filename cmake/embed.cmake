# Embed a text file in the library as an array of C strings, one per line (ISO C limits the
# length of one string literal): cmake -DIN=... -DOUT=... -DNAME=... -P embed.cmake
file(READ "${IN}" text)
string(REPLACE "\\" "\\\\" text "${text}")
string(REPLACE "\"" "\\\"" text "${text}")
string(REPLACE "\n" "\\n\",\n    \"" text "${text}")
file(WRITE "${OUT}" "/* Generated from ${IN} by cmake/embed.cmake. */\n#include <stddef.h>\nconst char *const ${NAME}[] = {\n    \"${text}\",\n    NULL\n};\n")
