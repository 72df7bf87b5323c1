// version 4 does not exist
  OPENQASM 4.0;
qubit q;
