OPENQASM 2.1;
qreg q[1];
