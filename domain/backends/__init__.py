"""The backend catalog: simulators, device emulators and cloud hardware, with calibration."""
