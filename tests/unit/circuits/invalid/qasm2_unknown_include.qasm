OPENQASM 2.0;
include "/etc/hostname";
qreg q[2];
