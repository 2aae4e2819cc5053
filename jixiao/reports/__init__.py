"""PDF reports of a result run: the 考评结果通报, report cards per unit and the bonus table."""
