import nextra from 'nextra'
export default nextra({})({ output: 'export', images: { unoptimized: true } })
