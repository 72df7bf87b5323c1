OPENQASM 3.0;
include "stdgates.inc";
bit[2] c;
