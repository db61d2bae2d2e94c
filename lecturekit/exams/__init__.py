"""Question bank, paper generation and LMS exports."""
